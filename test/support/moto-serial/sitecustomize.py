# Loaded by the moto_server the tests start (PYTHONPATH): it serves one request at a time.
# moto checks a conditional write (If-None-Match: *) and then writes, without a lock, so on
# its default threaded server two writes at the same instant could both succeed; S3 lets
# exactly one succeed, and so does a server that handles requests in turn.
import werkzeug.serving

_run_simple = werkzeug.serving.run_simple


def _run_serially(*args, **kwargs):
    kwargs["threaded"] = False
    return _run_simple(*args, **kwargs)


werkzeug.serving.run_simple = _run_serially
