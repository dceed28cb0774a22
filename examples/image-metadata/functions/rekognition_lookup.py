"""Looks an uploaded image up in Rekognition (faces, then labels) and adds what it found to the image's item.

REKOGNITION_FEATURES (default "faces,labels") chooses the calls: an AWS-compatible server may not model both.
"""

import os

import boto3

rekognition = boto3.client("rekognition")
dynamodb = boto3.client("dynamodb")


def lambda_handler(event, context):
    image = {"S3Object": {"Bucket": event["bucket"], "Name": event["key"]}}
    features = os.environ.get("REKOGNITION_FEATURES", "faces,labels").split(",")
    found = {}
    if "faces" in features:
        faces = rekognition.detect_faces(Image=image, Attributes=["DEFAULT"])["FaceDetails"]
        found["faces"] = len(faces)
    if "labels" in features:
        labels = rekognition.detect_labels(Image=image, MaxLabels=10, MinConfidence=70)["Labels"]
        found["labels"] = [label["Name"] for label in labels]
    names = {f"#{name}": name for name in found}
    values = {f":{name}": attribute(value) for name, value in found.items()}
    dynamodb.update_item(
        TableName=os.environ["TABLE_NAME"],
        Key={"id": {"S": f"{event['bucket']}/{event['key']}"}},
        UpdateExpression="SET " + ", ".join(f"#{name} = :{name}" for name in found),
        ExpressionAttributeNames=names,
        ExpressionAttributeValues=values,
    )
    return found


def attribute(value):
    if isinstance(value, int):
        return {"N": str(value)}
    return {"L": [{"S": item} for item in value]}
