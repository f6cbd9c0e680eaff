"""`ipp serve`'s gunicorn settings: no access log unless asked for, keep-alive on."""

from ipp.web import server


def test_no_access_log_by_default_and_keep_alive():
    options = server.server_options(host="127.0.0.1", port=5000, workers=2)
    assert options["accesslog"] is None and options["keepalive"] >= 5
    logged = server.server_options(host="127.0.0.1", port=5000, workers=2, access_log=True)
    assert logged["accesslog"] == "-"



def test_start_up_objects_are_kept_out_of_the_collectors_sight():
    import gc

    try:
        server.freeze_startup_objects()
        assert gc.get_freeze_count() > 10_000  # the modules and objects loaded so far
        assert len(gc.get_objects(generation=2)) < gc.get_freeze_count()
    finally:
        gc.unfreeze()
