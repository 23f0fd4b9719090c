"""A stand-in for object storage: the file-system backend under another name, recording
that it was the one used (as an S3 backend would be, switched in by settings alone)."""

from django.core.files.storage import FileSystemStorage


class StandInObjectStorage(FileSystemStorage):
    saved: list[str] = []

    def _save(self, name, content):
        saved = super()._save(name, content)
        StandInObjectStorage.saved.append(saved)
        return saved
