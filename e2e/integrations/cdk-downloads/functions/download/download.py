# Stores each path of a batch in the downloads bucket; a path under missing/ cannot be fetched.
import os

import boto3

s3 = boto3.client("s3")


def handler(event, context):
    results = []
    for path in event:
        if path.startswith("missing/"):
            print(f"cannot fetch {path}")
            results.append({"path": path, "ok": False})
            continue
        key = "images/" + path.replace("/", "_")
        s3.put_object(Bucket=os.environ["BUCKET"], Key=key, Body=f"image {path}".encode())
        results.append({"path": path, "ok": True, "key": key, "requestId": context.aws_request_id})
    return results
