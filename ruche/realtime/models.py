"""The store of real-time documents: an append-only update log, snapshots, versions.

A room name follows the grammar `<kind>:<uuid>` (`pad:…`, `wiki:…`, `table:…`, `board:…`);
the engine knows nothing of what a kind means. See docs/realtime.md.
"""

import uuid

from django.conf import settings
from django.db import models


class DocumentUpdate(models.Model):
    """One Yjs update (v1 encoding) as received, written before it is relayed to anyone."""

    id = models.BigAutoField(primary_key=True)
    room = models.CharField(max_length=100)
    data = models.BinaryField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["room", "id"], name="update_room_id")]

    def __str__(self) -> str:
        return f"{self.room}#{self.id}"


class DocumentSnapshot(models.Model):
    """The merge of every update of a room up to `last_update_id` (compaction result)."""

    room = models.CharField(max_length=100, unique=True)
    state = models.BinaryField()
    last_update_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.room}@{self.last_update_id}"


class DocumentClient(models.Model):
    """Which person a Yjs client id wrote as: the key to authorship after compaction."""

    room = models.CharField(max_length=100)
    client_id = models.BigIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "client_id"], name="one_author_per_client")
        ]

    def __str__(self) -> str:
        return f"{self.room} client {self.client_id}"


class VersionKind(models.TextChoices):
    AUTO = "auto", "automatic checkpoint"
    NAMED = "named", "named version"
    RESTORE = "restore", "before a restore"


class DocumentVersion(models.Model):
    """A frozen state of a room: an automatic checkpoint or a version someone named."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    room = models.CharField(max_length=100, db_index=True)
    state = models.BinaryField()
    last_update_id = models.BigIntegerField()
    kind = models.CharField(max_length=10, choices=VersionKind.choices, default=VersionKind.AUTO)
    label = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.room} {self.label or self.kind} {self.created_at:%Y-%m-%d %H:%M}"
