import pytest


@pytest.fixture(autouse=True)
def _checkpoint_dir(settings, tmp_path):
    """Each test anchors into its own checkpoint folder."""
    settings.EVENTLOG_CHECKPOINT_DIR = tmp_path / "eventlog-checkpoints"
    return settings.EVENTLOG_CHECKPOINT_DIR
