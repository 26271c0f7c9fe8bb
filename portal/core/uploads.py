"""Uploads that fail leave nothing behind: no orphan file, no half record.

Django writes a FileField's file to storage before the row is inserted, and has no hook on rollback. So the
writes of an upload go through `atomic_with_files()`, a `transaction.atomic()` that knows the files written in
it: when the block fails, it deletes them; when it succeeds inside a larger transaction, it keeps an eye on
them, and once that transaction is over, a file no row refers to (its transaction or savepoint rolled back)
is deleted. The check runs at the end of every request and of every later block, and asks the database, so a
committed file is never deleted, even when some on-commit hook failed.

An incomplete multipart body is not a complete upload either: Django drops a file part whose closing boundary
never came, so the form says the file is missing and nothing is stored; a body whose connection breaks while
it is read is answered 400 (portal.bad_requests).
"""

import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, DatabaseError, router, transaction
from django.db.models import FileField

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredFile:
    """One file written for `field` of a row of `model`, under `name`."""

    model: type
    field: str
    name: str
    storage: object

    def referenced(self, using: str) -> bool:
        return self.model._base_manager.using(using).filter(**{self.field: self.name}).exists()

    def delete(self) -> None:
        try:
            self.storage.delete(self.name)
        except OSError:  # already gone, or the storage is down: nothing more to do here
            logger.warning("could not delete the orphan upload %s", self.name, exc_info=True)


class FilesOfBlock:
    """The files one `atomic_with_files()` block writes: those it is told of (`track`) and those a watched
    instance's FileFields write when it is saved (`watch`)."""

    def __init__(self):
        self._tracked: list[StoredFile] = []
        self._watched: list[tuple[object, FileField]] = []

    def track(self, field_file) -> None:
        """A file already written, e.g. by `instance.file.save(name, content, save=False)`."""
        self._tracked.append(_stored(field_file.instance, field_file.field, field_file.name))

    def watch(self, instance) -> None:
        """An instance about to be saved: the files its FileFields hold but have not written yet."""
        for field in instance._meta.concrete_fields:
            if isinstance(field, FileField):
                field_file = getattr(instance, field.attname)
                if field_file and not field_file._committed:
                    self._watched.append((instance, field))

    def written(self) -> list[StoredFile]:
        files = list(self._tracked)
        for instance, field in self._watched:
            field_file = getattr(instance, field.attname)
            if field_file and field_file._committed:
                files.append(_stored(instance, field, field_file.name))
        return files


def _stored(instance, field, name: str) -> StoredFile:
    return StoredFile(type(instance), field.attname, name, field.storage)


# Files written inside a transaction still open are kept on its connection (connections are per thread).
PENDING = "portal_pending_uploads"


@contextmanager
def atomic_with_files(using: str | None = None):
    """`transaction.atomic()` for a block that writes files; yields a `FilesOfBlock` to tell it which.

    Side effects: on an exception the files written in the block are deleted (then the exception goes on); on
    success inside an outer transaction, they are deleted later if that transaction does not keep their rows.
    """
    using = using or DEFAULT_DB_ALIAS
    files = FilesOfBlock()
    try:
        with transaction.atomic(using=using):
            yield files
    except BaseException:
        for stored in files.written():
            stored.delete()
        raise
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        pending = getattr(connection, PENDING, None) or []
        setattr(connection, PENDING, pending + [(using, stored) for stored in files.written()])
    delete_orphan_uploads(using=using)


def delete_orphan_uploads(using: str | None = None, **_signal) -> int:
    """Delete the files of transactions that are over and kept no row referring to them; return how many."""
    connection = transaction.get_connection(using or DEFAULT_DB_ALIAS)
    pending = getattr(connection, PENDING, None)
    if not pending or connection.in_atomic_block:
        return 0
    setattr(connection, PENDING, [])
    deleted = 0
    for alias, stored in pending:
        try:
            referenced = stored.referenced(router.db_for_read(stored.model) or alias)
        except DatabaseError:  # the database cannot say: keep the file (an orphan is better than a lost file)
            logger.warning("could not check the upload %s; it is kept", stored.name, exc_info=True)
            continue
        if not referenced:
            stored.delete()
            deleted += 1
    return deleted


request_finished.connect(delete_orphan_uploads, dispatch_uid="portal.uploads.delete_orphan_uploads")
