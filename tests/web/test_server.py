"""`ipp serve`'s gunicorn settings: no access log unless asked for, keep-alive on."""

from ipp.web import server


def test_no_access_log_by_default_and_keep_alive():
    options = server.server_options(host="127.0.0.1", port=5000, workers=2)
    assert options["accesslog"] is None and options["keepalive"] >= 5
    logged = server.server_options(host="127.0.0.1", port=5000, workers=2, access_log=True)
    assert logged["accesslog"] == "-"

