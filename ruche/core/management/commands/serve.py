"""`ruche serve`: run Ruche's ASGI application (HTTP and websockets) with uvicorn."""

from argparse import ArgumentParser
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from ruche.core.logging import uvicorn_log_config

APPLICATION = "ruche.asgi:application"


class Command(BaseCommand):
    help = "Serve Ruche (HTTP and websockets) with uvicorn. Refuses while migrations are pending."
    requires_system_checks = []  # type: ignore[assignment]

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers", type=int, default=1, help="Worker processes (several need Redis)."
        )
        parser.add_argument(
            "--forwarded-allow-ips",
            default="127.0.0.1",
            help="Proxies whose X-Forwarded-* headers are trusted (comma-separated, or *).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.check(display_num_errors=False)
        pending = pending_migrations()
        if pending:
            raise CommandError(
                f"{len(pending)} database migration(s) are pending "
                f"(first: {pending[0]}). Run `ruche migrate` first."
            )
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1.")
        if options["workers"] > 1 and not settings.REDIS_URL:
            # In-memory channel layers cannot reach across processes: editors would diverge.
            raise CommandError("Several workers need Redis: set RUCHE_REDIS_URL.")
        self.stdout.write(f"Ruche on http://{options['host']}:{options['port']}/")
        uvicorn.run(
            APPLICATION,  # an import string: each worker process imports the app itself
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            proxy_headers=True,
            forwarded_allow_ips=options["forwarded_allow_ips"],
            lifespan="off",
            server_header=False,
            # Yjs updates are small and already compact; deflating each frame costs more CPU
            # than the rest of the real-time path (the Node reference servers don't either).
            ws_per_message_deflate=False,
            log_config=uvicorn_log_config(settings.LOGGING),
        )


def pending_migrations() -> list[str]:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
