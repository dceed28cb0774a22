#!/usr/bin/env python3
"""Writes packages/core/src/test-state/service-shapes.generated.ts: the output shapes TestState checks a
mocked Task result against (mock.fieldValidationMode STRICT and PRESENT).

The facts come from botocore's service models (the AWS API definitions every AWS SDK is generated from).
Only the operations listed below are kept, and of each only the shapes its output reaches, reduced to
what validation reads: type, members, required members, min/max, enum values. Member names are written
as Step Functions returns them to a state: with the first letter capitalised (SFN's `executionArn`
becomes `ExecutionArn`).

Re-run after changing the lists below or upgrading botocore (CI does not run it; the output is committed):

    pip install botocore            # or any environment where `import botocore` works (moto brings it)
    python3 scripts/generate-service-shapes.py

It formats its output with the repository's prettier, so `npm run format:check` stays green.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import botocore
from botocore.loaders import Loader

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "packages", "core", "src", "test-state", "service-shapes.generated.ts")

# Optimized integrations: the part of the Resource after `arn:aws:states:::`, the botocore service and
# operation whose output the state receives, and the members Step Functions returns as JSON rather than
# as the API's type (a Lambda Payload is the function's result; a .sync:2 execution's Input/Output are parsed).
OPTIMIZED = {
    "lambda:invoke": ("lambda", "Invoke", ["Payload"]),
    "sqs:sendMessage": ("sqs", "SendMessage", []),
    "sns:publish": ("sns", "Publish", []),
    "dynamodb:getItem": ("dynamodb", "GetItem", []),
    "dynamodb:putItem": ("dynamodb", "PutItem", []),
    "dynamodb:updateItem": ("dynamodb", "UpdateItem", []),
    "dynamodb:deleteItem": ("dynamodb", "DeleteItem", []),
    "events:putEvents": ("events", "PutEvents", []),
    "states:startExecution": ("stepfunctions", "StartExecution", []),
    "states:startExecution.sync": ("stepfunctions", "DescribeExecution", []),
    "states:startExecution.sync:2": ("stepfunctions", "DescribeExecution", ["Input", "Output"]),
}

# AWS SDK integrations (`arn:aws:states:::aws-sdk:SERVICE:ACTION`): Step Functions' service name, the
# botocore one, and the actions kept (camelCase, as in the Resource).
AWS_SDK = {
    "lambda": ("lambda", ["invoke", "getFunction", "getFunctionConfiguration", "listFunctions"]),
    "sqs": ("sqs", ["sendMessage", "sendMessageBatch", "receiveMessage", "deleteMessage", "getQueueUrl"]),
    "sns": ("sns", ["publish", "publishBatch"]),
    "dynamodb": ("dynamodb", ["getItem", "putItem", "updateItem", "deleteItem", "query", "scan"]),
    "s3": ("s3", ["getObject", "putObject", "headObject", "copyObject", "deleteObject", "listObjectsV2"]),
    "eventbridge": ("events", ["putEvents"]),
    "sfn": ("stepfunctions", ["startExecution", "startSyncExecution", "describeExecution", "sendTaskSuccess"]),
    "kms": ("kms", ["encrypt", "decrypt", "generateDataKey", "sign", "verify", "describeKey"]),
}

PRIMITIVES = {"string", "integer", "long", "float", "double", "boolean", "timestamp", "blob"}


def pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


class Extractor:
    def __init__(self) -> None:
        self.loader = Loader()
        self.models: dict[str, dict] = {}
        self.shapes: dict[str, dict] = {}

    def model(self, service: str) -> dict:
        if service not in self.models:
            self.models[service] = self.loader.load_service_model(service, "service-2")
        return self.models[service]

    def operation(self, service: str, operation: str, json_members: list[str]) -> dict:
        output = self.model(service)["operations"][operation].get("output")
        entry: dict = {"shape": self.ref(service, output["shape"]) if output else "any"}
        if json_members:
            entry["json"] = json_members
        return entry

    def ref(self, service: str, name: str) -> str:
        """A primitive without constraints is named by its type; any other shape is kept under service/name."""
        shape = self.model(service)["shapes"][name]
        kind = shape["type"]
        if kind == "structure" and shape.get("document"):
            return "any"
        if kind in PRIMITIVES and not any(k in shape for k in ("min", "max", "enum")):
            return kind
        key = f"{service}/{name}"
        if key in self.shapes:
            return key
        self.shapes[key] = {}  # placeholder first: shapes can be recursive (a DynamoDB AttributeValue)
        self.shapes[key] = self.reduce(service, shape)
        return key

    def reduce(self, service: str, shape: dict) -> dict:
        kind = shape["type"]
        reduced: dict = {"type": kind}
        if kind == "structure":
            reduced["members"] = {
                pascal(member): self.ref(service, spec["shape"]) for member, spec in shape["members"].items()
            }
            if shape.get("required"):
                reduced["required"] = [pascal(member) for member in shape["required"]]
        elif kind == "list":
            reduced["member"] = self.ref(service, shape["member"]["shape"])
        elif kind == "map":
            reduced["value"] = self.ref(service, shape["value"]["shape"])
        for constraint in ("min", "max", "enum"):
            if constraint in shape:
                reduced[constraint] = shape[constraint]
        return reduced


def main() -> int:
    extractor = Extractor()
    optimized = {
        resource: extractor.operation(service, operation, json_members)
        for resource, (service, operation, json_members) in OPTIMIZED.items()
    }
    aws_sdk = {}
    for sfn_name, (service, actions) in AWS_SDK.items():
        for action in actions:
            aws_sdk[f"{sfn_name}:{action}"] = extractor.operation(service, pascal(action), [])
    data = {"optimized": optimized, "awsSdk": aws_sdk, "shapes": dict(sorted(extractor.shapes.items()))}
    header = (
        "// Generated by scripts/generate-service-shapes.py from botocore "
        f"{botocore.__version__}'s service models: do not edit.\n"
        "// The output shapes of the Task integrations whose mocked results TestState validates.\n\n"
        "import type { ServiceShapeData } from './service-shape-types.ts';\n\n"
    )
    with open(OUTPUT, "w", encoding="utf-8") as out:
        out.write(header + "export const serviceShapeData: ServiceShapeData = " + json.dumps(data) + ";\n")
    subprocess.run(["npx", "prettier", "--write", OUTPUT], cwd=ROOT, check=True)
    print(f"wrote {os.path.relpath(OUTPUT, ROOT)}: {len(optimized) + len(aws_sdk)} operations, "
          f"{len(extractor.shapes)} shapes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
