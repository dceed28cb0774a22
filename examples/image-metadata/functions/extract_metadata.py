"""Reads an uploaded object's size and content type and records them as the image's DynamoDB item."""

import os

import boto3

s3 = boto3.client("s3")
dynamodb = boto3.client("dynamodb")


def lambda_handler(event, context):
    bucket, key = event["bucket"], event["key"]
    head = s3.get_object(Bucket=bucket, Key=key)
    item = {
        "id": {"S": f"{bucket}/{key}"},
        "bucket": {"S": bucket},
        "key": {"S": key},
        "size": {"N": str(head["ContentLength"])},
        "contentType": {"S": head.get("ContentType", "binary/octet-stream")},
    }
    head["Body"].close()
    dynamodb.put_item(TableName=os.environ["TABLE_NAME"], Item=item)
    print(f"recorded {bucket}/{key}: {head['ContentLength']} bytes of {item['contentType']['S']}")
    return {"id": f"{bucket}/{key}", "size": head["ContentLength"], "contentType": item["contentType"]["S"]}
