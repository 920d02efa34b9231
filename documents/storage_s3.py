"""The S3 variant of ``documents.storage`` (its own module: boto3 is only imported when S3 is used)."""

from storages.backends.s3 import S3Storage

from .storage import ServedByViewMixin


class CheckedS3Storage(ServedByViewMixin, S3Storage):
    """Objects are private (the bucket need not and must not be public); addresses point at the checking view."""

    default_acl = "private"
