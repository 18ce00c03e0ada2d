"""A small Django 3.2 project with a custom user model, for test/custom-user-model.test.ts.

Usage: python3 project.py APP_DIR APP_LABEL USER_MODEL DATABASE_URL COMMAND [ARGS...]
APP_DIR holds the app package the test wrote (models.py); SEARCH_PATH in the environment puts
Django's tables in that schema, as `OPTIONS: {"options": "-c search_path=..."}` does in a project.
  migrate            makemigrations for the app, then Django's migrate (the schema accessctl will meet)
  check-password U P check_password(P) of the user whose USERNAME_FIELD is U
  usable U           has_usable_password()
  perms U            the sorted get_all_permissions(), one per line
  has-perm U PERM    has_perm(PERM)
  user U             the user's fields as JSON (no password)
  count              how many users there are
"""
import json
import sys

app_dir, app_label, user_model, URL, command, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
sys.path.insert(0, app_dir)

import django  # noqa: E402
from django.conf import settings  # noqa: E402

from connection import database  # noqa: E402

settings.configure(
    DATABASES={"default": database(URL)},
    # SimpleAdminConfig: the admin's LogEntry (django_admin_log) without autodiscovery, URLconf or templates.
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.admin.apps.SimpleAdminConfig", app_label],
    AUTH_USER_MODEL=user_model,
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    USE_TZ=True,
    SECRET_KEY="test",
)
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

User = get_user_model()


def user(login):
    return User._default_manager.get_by_natural_key(login)


if command == "migrate":
    call_command("makemigrations", app_label, verbosity=0, interactive=False)
    call_command("migrate", verbosity=0, interactive=False, skip_checks=True)
elif command == "check-password":
    print(user(args[0]).check_password(args[1]))
elif command == "usable":
    print(user(args[0]).has_usable_password())
elif command == "perms":
    print("\n".join(sorted(user(args[0]).get_all_permissions())))
elif command == "has-perm":
    print(user(args[0]).has_perm(args[1]))
elif command == "user":
    found = user(args[0])
    fields = {f.attname: getattr(found, f.attname) for f in User._meta.concrete_fields if f.attname != "password"}
    fields["groups"] = sorted(g.name for g in found.groups.all())
    print(json.dumps(fields, default=str, sort_keys=True))
elif command == "history":
    from django.contrib.admin.models import LogEntry

    entries = LogEntry.objects.order_by("id")
    print(json.dumps([{"flag": e.action_flag, "model": f"{e.content_type.app_label}.{e.content_type.model}", "repr": e.object_repr, "actor": e.user.get_username(), "message": e.get_change_message()} for e in entries]))
elif command == "count":
    print(User._default_manager.count())
else:
    sys.exit(f"unknown command {command}")
