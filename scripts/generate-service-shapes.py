#!/usr/bin/env python3
"""Writes two files from botocore's service models:

- packages/core/src/test-state/service-shapes.generated.ts: the output shapes TestState checks a mocked Task
  result against (mock.fieldValidationMode STRICT and PRESENT);
- packages/core/src/engine/history-events.generated.ts: AWS's history events (Step Functions' HistoryEvent
  shape): every event type, the details each type carries, and the TypeScript type of those details.

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
HISTORY_OUTPUT = os.path.join(ROOT, "packages", "core", "src", "engine", "history-events.generated.ts")

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


# botocore's scalar types as TypeScript spells them (timestamps are epoch milliseconds in Stepwise).
TS_PRIMITIVES = {
    "string": "string",
    "blob": "string",
    "integer": "number",
    "long": "number",
    "float": "number",
    "double": "number",
    "boolean": "boolean",
    "timestamp": "number",
}


class HistoryEvents:
    """The HistoryEvent shape of Step Functions' model as TypeScript declarations."""

    def __init__(self, model: dict) -> None:
        self.shapes = model["shapes"]
        self.interfaces: dict[str, str] = {}

    def details_members(self) -> dict[str, str]:
        """`taskFailedEventDetails` -> `TaskFailedEventDetails`: HistoryEvent's details members and their shapes."""
        members = self.shapes["HistoryEvent"]["members"]
        return {name: spec["shape"] for name, spec in members.items() if name.endswith("EventDetails")}

    def event_types(self) -> list[str]:
        return self.shapes["HistoryEventType"]["enum"]

    def details_key(self, event_type: str) -> str | None:
        """The member an event type's details go in: named after the type, or shared by every state's Entered
        (stateEnteredEventDetails) and Exited events; None when the type carries no details."""
        members = self.details_members()
        own = event_type[:1].lower() + event_type[1:] + "EventDetails"
        if own in members:
            return own
        for suffix, shared in (("StateEntered", "stateEnteredEventDetails"), ("StateExited", "stateExitedEventDetails")):
            if event_type.endswith(suffix):
                return shared
        return None

    def ts_type(self, name: str) -> str:
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "structure":
            self.declare(name, shape)
            return name
        if kind == "list":
            return f"{self.ts_type(shape['member']['shape'])}[]"
        if kind == "map":
            return f"Record<string, {self.ts_type(shape['value']['shape'])}>"
        if "enum" in shape:
            return " | ".join(json.dumps(value) for value in shape["enum"])
        return TS_PRIMITIVES[kind]

    def declare(self, name: str, shape: dict) -> None:
        if name in self.interfaces:
            return
        self.interfaces[name] = ""  # placeholder first: a shape may refer to itself
        required = set(shape.get("required", []))
        lines = [
            f"  {member}{'' if member in required else '?'}: {self.ts_type(spec['shape'])};"
            for member, spec in shape["members"].items()
        ]
        self.interfaces[name] = f"export interface {name} {{\n" + "\n".join(lines) + "\n}\n"

    def source(self) -> str:
        members = self.details_members()
        details = "".join(f"  {member}?: {self.ts_type(shape)};\n" for member, shape in members.items())
        keys = "".join(f"  {event_type}: {json.dumps(self.details_key(event_type) or None)},\n"
                       for event_type in self.event_types())
        return (
            "// Generated by scripts/generate-service-shapes.py from botocore "
            f"{botocore.__version__}'s Step Functions model: do not edit.\n"
            "// AWS's history events: every event type, the member its details go in, and the details' types.\n\n"
            + "\n".join(self.interfaces[name] for name in sorted(self.interfaces))
            + "\n/** The details members of a history event: at most one is present, the one its type names. */\n"
            + "export interface HistoryEventDetails {\n" + details + "}\n\n"
            + "/** Every event type, with the details member it carries (null: none). */\n"
            + "export const historyEventDetailsKeys = {\n" + keys
            + "} as const satisfies Record<string, keyof HistoryEventDetails | null>;\n"
        )


def write_history_events(extractor: Extractor) -> None:
    events = HistoryEvents(extractor.model("stepfunctions"))
    with open(HISTORY_OUTPUT, "w", encoding="utf-8") as out:
        out.write(events.source())
    subprocess.run(["npx", "prettier", "--write", HISTORY_OUTPUT], cwd=ROOT, check=True)
    print(f"wrote {os.path.relpath(HISTORY_OUTPUT, ROOT)}: {len(events.event_types())} event types, "
          f"{len(events.interfaces)} details shapes")


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
    write_history_events(extractor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
