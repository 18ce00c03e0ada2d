"""Reads django_admin_log through Django 3.2's admin: run by test/admin-history.test.ts.

Usage: python3 admin_log.py DATABASE_URL COMMAND
  setup     Django's migrate for django.contrib.admin: creates django_admin_log as a project with the admin has it
  history   prints the LogEntry rows, oldest first, as JSON: flag, model, object id, repr, actor,
            get_change_message(), and the edited object's str() when it still exists
"""
import json
import sys

import django
from django.conf import settings

from connection import database

URL = sys.argv[1]
settings.configure(
    DATABASES={"default": database(URL)},
    # SimpleAdminConfig: the admin's models without autodiscovery (no URLconf or templates needed).
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.admin.apps.SimpleAdminConfig"],
    USE_TZ=True,
)
django.setup()

from django.contrib.admin.models import LogEntry  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.exceptions import ObjectDoesNotExist  # noqa: E402

command = sys.argv[2]
if command == "setup":
    # The fixture's auth tables are in their final 3.2 form but unrecorded in django_migrations.
    call_command("migrate", "contenttypes", fake=True, verbosity=0, interactive=False, skip_checks=True)
    call_command("migrate", "auth", fake=True, verbosity=0, interactive=False, skip_checks=True)
    call_command("migrate", "admin", verbosity=0, interactive=False, skip_checks=True)
elif command == "history":
    out = []
    for entry in LogEntry.objects.order_by("id"):
        try:
            edited = str(entry.get_edited_object())
        except ObjectDoesNotExist:
            edited = None
        out.append(
            {
                "flag": entry.action_flag,
                "addition": entry.is_addition(),
                "change": entry.is_change(),
                "deletion": entry.is_deletion(),
                "model": f"{entry.content_type.app_label}.{entry.content_type.model}",
                "object_id": entry.object_id,
                "repr": entry.object_repr,
                "actor": entry.user.username,
                "message": entry.get_change_message(),
                "edited": edited,
            }
        )
    print(json.dumps(out))
else:
    sys.exit(f"unknown command {command}")
