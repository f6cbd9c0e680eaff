"""`ipp serve`: the app under gunicorn with N processes (threads inside each)."""

from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from ipp.app import create_app
        from ipp.settings import load_settings

        # The scheduler runs once, in the serving command, not in every worker.
        return create_app(load_settings(scheduler=False))


def run_server(*, host: str, port: int, workers: int) -> None:
    _Server({"bind": f"{host}:{port}", "workers": workers, "worker_class": "gthread",
             "threads": 8, "timeout": 60, "graceful_timeout": 10, "accesslog": "-"}).run()
