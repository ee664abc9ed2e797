"""``ioreview serve``: the web app and REST API on one address."""

from __future__ import annotations

import ipaddress
import os
import socket
from typing import Annotated

import typer

from ioreview.cli.common import DbOption, settings_from
from ioreview.exc import ConfigurationError
from ioreview.project import open_project
from ioreview.settings import Settings


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: a free one the system picks)."""
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError as error:
        raise ConfigurationError(
            f"--host {host!r}: expected an IP address such as 127.0.0.1"
        ) from error
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise ConfigurationError(f"cannot listen on {host}:{port}: {error.strerror}") from error
    sock.listen(128)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve_command(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port; 0 picks a free one.")
    ] = 8000,
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, max=64, help="Server processes sharing the socket."),
    ] = 1,
    db: DbOption = None,
) -> None:
    """Serve the web pages and the REST API (/api/v1, /openapi.json) until interrupted.

    Prints the address once listening. Reads are open to loopback clients; other clients and
    every write need a bearer token from `ioreview token create`.

    Example: ioreview serve --port 8000
    """
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from ioreview.web.app import create_app

    settings = settings_from(ctx, db)
    open_project(settings).close()  # fails now, with its message, on an uninitialised database
    sock = bind(host, port)
    address = url_of(sock)
    typer.echo(f"ioreview serving {address} (API {address}api/v1, OpenAPI {address}openapi.json)")
    if not ipaddress.ip_address(host).is_loopback:
        typer.echo("note: clients other than loopback need a bearer token, for reads too")
    typer.echo("press Ctrl-C to stop")
    try:
        if workers == 1:
            config = uvicorn.Config(
                create_app(settings), log_level="warning", access_log=False, lifespan="on"
            )
            uvicorn.Server(config).run(sockets=[sock])
            return
        # Each worker process builds its own app from the environment: pass the settings on.
        os.environ.update(settings_environment(settings))
        config = uvicorn.Config(
            "ioreview.web.app:create_app", factory=True, workers=workers,
            log_level="warning", access_log=False, lifespan="on",
        )  # fmt: skip
        Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()


def settings_environment(settings: Settings) -> dict[str, str]:
    """The ``IOREVIEW_*`` variables that make ``load_settings()`` give ``settings`` back."""
    env = {
        "IOREVIEW_DB": settings.db_url,
        "IOREVIEW_DATA_DIR": str(settings.data_dir),
        "IOREVIEW_ACTOR": settings.actor,
    }
    if settings.key_path is not None:
        env["IOREVIEW_KEY"] = str(settings.key_path)
    if settings.origin is not None:
        env["IOREVIEW_ORIGIN"] = settings.origin
    return env
