"""The real unpacked size of a zip archive (XLSX and DOCX are zips), measured by unpacking it, with a cap.

The sizes an archive declares are written by whoever made it: a bomb declares a few bytes per member and unpacks
to gigabytes. So each member is decompressed here, as a stream, counting what really comes out and stopping as
soon as the count passes the cap; nothing of it is kept in memory.
"""

import copy
import zipfile

CHUNK = 64 * 1024
NO_LIMIT = 1 << 62


class ArchiveTooLarge(Exception):
    """The archive unpacks to more than the cap allowed."""


def unpacked_size(archive: zipfile.ZipFile, *, cap: int) -> int:
    """The bytes `archive` really unpacks to; ArchiveTooLarge past `cap`, zipfile.BadZipFile if it is damaged."""
    total = 0
    for info in archive.infolist():
        # zipfile stops a member at its declared size; with no such limit declared, it reads the compressed
        # data to its real end (and we stop it at the cap).
        probe = copy.copy(info)
        probe.file_size = NO_LIMIT
        with archive.open(probe) as member:
            while chunk := member.read(CHUNK):
                total += len(chunk)
                if total > cap:
                    raise ArchiveTooLarge
    return total


def check_unpacked_size(data_file, *, packed_size: int, max_bytes: int, max_ratio: int) -> None:
    """Raise ArchiveTooLarge if the zip in `data_file` (a file object) unpacks past `max_bytes` or past
    `max_ratio` times its packed size; zipfile.BadZipFile if it is no zip or damaged."""
    with zipfile.ZipFile(data_file) as archive:
        unpacked_size(archive, cap=min(max_bytes, max_ratio * max(packed_size, 1)))
