# The function of stepwise.choices.python_worker_error.json: it raises an exception of its own, two frames down.
class OrderRejected(Exception):
    pass


def handler(event, context):
    check(event)


def check(event):
    raise OrderRejected("order " + str(event["id"]) + " is over the limit")
