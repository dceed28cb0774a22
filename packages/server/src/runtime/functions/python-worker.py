# A warm Python function worker: loads one handler (module.function) and runs one invocation at a time as
# AWS Lambda's Python runtime does. It speaks worker-protocol.ts over the IPC channel Node opened for it
# (newline-delimited JSON on the socket NODE_CHANNEL_FD names) and exits when its parent goes away.

import importlib
import json
import os
import socket
import sys
import threading
import time
import traceback

channel = socket.socket(fileno=int(os.environ.pop("NODE_CHANNEL_FD")))
os.environ.pop("NODE_CHANNEL_SERIALIZATION_MODE", None)
send_lock = threading.Lock()
parent = os.getppid()


def send(message):
    data = (json.dumps(message) + "\n").encode("utf-8")
    with send_lock:
        channel.sendall(data)


class LogStream:
    """stdout and stderr travel on the channel, so a line arrives before the result it precedes."""

    def __init__(self):
        self.buffer = ""

    def write(self, text):
        self.buffer += text
        while "\n" in self.buffer:
            line, self.buffer = self.buffer.split("\n", 1)
            send({"type": "log", "text": line})
        return len(text)

    def flush(self):
        if self.buffer:
            send({"type": "log", "text": self.buffer})
            self.buffer = ""

    def isatty(self):
        return False


sys.stdout = LogStream()
sys.stderr = LogStream()


class Context:
    """The context object Lambda's Python runtime passes: snake_case names, remaining time from the deadline."""

    def __init__(self, fields, deadline):
        self.function_name = fields["functionName"]
        self.function_version = fields["functionVersion"]
        self.invoked_function_arn = fields["invokedFunctionArn"]
        self.memory_limit_in_mb = fields["memoryLimitInMB"]
        self.aws_request_id = fields["awsRequestId"]
        self.log_group_name = fields["logGroupName"]
        self.log_stream_name = fields["logStreamName"]
        self.identity = None
        self.client_context = None
        self._deadline = deadline

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline - time.time() * 1000))


handler = None


def error_payload(error, request_id=None):
    payload = {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "stackTrace": traceback.format_list(traceback.extract_tb(error.__traceback__)[1:]),
    }
    if request_id is not None:
        payload["requestId"] = request_id
    return payload


def load(file, name):
    global handler
    code_dir = os.getcwd()
    sys.path.insert(0, code_dir)
    module_name = os.path.splitext(os.path.relpath(file, code_dir))[0].replace(os.sep, ".")
    try:
        module = importlib.import_module(module_name)
    except SyntaxError as error:
        return fail_load("Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {error}")
    except Exception as error:
        return fail_load("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {error}")
    candidate = getattr(module, name, None)
    if not callable(candidate):
        return fail_load("Runtime.HandlerNotFound", f"Handler '{name}' missing on module '{module_name}'")
    handler = candidate
    send({"type": "ready"})


def fail_load(error_type, message):
    send({"type": "load-failed", "errorType": error_type,
          "errorPayload": json.dumps({"errorMessage": message, "errorType": error_type, "stackTrace": []})})


def invoke(request):
    request_id = request["requestId"]
    context = Context(request["context"], request["deadline"])
    # Lambda sets the variable for each invocation: a traced call's header, none for an untraced one.
    trace = request["context"].get("xRayTraceId")
    if trace is None:
        os.environ.pop("_X_AMZN_TRACE_ID", None)
    else:
        os.environ["_X_AMZN_TRACE_ID"] = trace
    try:
        result = handler(json.loads(request["event"]), context)
        payload = json.dumps(result)
    except Exception as error:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        body = error_payload(error, request_id)
        send({"type": "error", "requestId": request_id, "errorType": body["errorType"], "errorPayload": json.dumps(body)})
        return
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    send({"type": "result", "requestId": request_id, "payload": payload})


def watch_parent():
    # A worker outlives nothing: when the server dies (even by SIGKILL) it is re-parented, and leaves.
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(1)


def main():
    threading.Thread(target=watch_parent, daemon=True).start()
    reader = channel.makefile("r", encoding="utf-8")
    send({"type": "started"})
    for line in reader:
        message = json.loads(line)
        if message.get("type") == "load":
            load(message["file"], message["handler"])
        elif message.get("type") == "invoke":
            invoke(message)
    os._exit(0)


main()
