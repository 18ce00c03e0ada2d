"""Prints Django 3.2's own answer to user.has_perm(perm) for every user and every permission.

Usage: python3 has_perm_matrix.py DATABASE_URL
Each line: USERNAME<TAB>APP_LABEL:MODEL:CODENAME<TAB>True|False
"""
import sys

import django
from django.conf import settings

from connection import database

URL = sys.argv[1]
settings.configure(
    DATABASES={"default": database(URL)},
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"],
    USE_TZ=True,
)
django.setup()

from django.contrib.auth.models import Permission, User  # noqa: E402

permissions = list(Permission.objects.select_related("content_type"))
for user in User.objects.order_by("username"):
    for p in permissions:
        ct = p.content_type
        held = user.has_perm(f"{ct.app_label}.{p.codename}")
        print(f"{user.username}\t{ct.app_label}:{ct.model}:{p.codename}\t{held}")
