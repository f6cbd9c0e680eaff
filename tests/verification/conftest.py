import pytest


@pytest.fixture(autouse=True)
def _scan_index_cache(tmp_path, monkeypatch):
    """The scan's index cache goes to a per-test folder, never the user's ~/.cache."""
    monkeypatch.setenv("IPP_SCAN_CACHE_DIR", str(tmp_path / "scan-index-cache"))
