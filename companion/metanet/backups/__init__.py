"""Backups: the backup file (:mod:`.archive`) and which automatic backups are kept
(:mod:`.rotation`); the taking and restoring is :mod:`metanet.services.backup`."""
