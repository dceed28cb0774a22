"""Reads an uploaded object's size and content type and records them as the image's DynamoDB item."""

import os

import boto3

s3 = boto3.client("s3")
dynamodb = boto3.client("dynamodb")


def lambda_handler(event, context):
    bucket, key = event["bucket"], event["key"]
    head = s3.get_object(Bucket=bucket, Key=key)
    content_type = head.get("ContentType", "binary/octet-stream")
    head["Body"].close()
    # An update, not a put: the Rekognition branch runs in parallel and may have written its labels first.
    dynamodb.update_item(
        TableName=os.environ["TABLE_NAME"],
        Key={"id": {"S": f"{bucket}/{key}"}},
        UpdateExpression="SET #bucket = :bucket, #key = :key, #size = :size, contentType = :type",
        ExpressionAttributeNames={"#bucket": "bucket", "#key": "key", "#size": "size"},
        ExpressionAttributeValues={
            ":bucket": {"S": bucket},
            ":key": {"S": key},
            ":size": {"N": str(head["ContentLength"])},
            ":type": {"S": content_type},
        },
    )
    print(f"recorded {bucket}/{key}: {head['ContentLength']} bytes of {content_type}")
    return {"id": f"{bucket}/{key}", "size": head["ContentLength"], "contentType": content_type}
