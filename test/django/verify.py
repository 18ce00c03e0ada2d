"""Checks accessctl's writes through Django 3.2 itself: run by test/django.test.ts.

Usage: python3 verify.py DATABASE_URL COMMAND [ARGS...]
  adopt              Django takes over a schema accessctl made: migrate --fake for auth and
                     contenttypes (their tables are already in their final 3.2 form), then a
                     plain migrate; prints the permission count after Django's post_migrate
  check-password U P prints True/False: check_password(P) for user U
  usable U           prints has_usable_password() for user U
  perms U            prints the sorted get_all_permissions() of user U, one per line
  has-perm U PERM    prints has_perm(PERM) for user U
  has-perms PERM...  prints JSON: for every user, has_perm(PERM) of each PERM
  showmigrations     Django's own showmigrations of auth and contenttypes
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

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402

command, args = sys.argv[2], sys.argv[3:]
if command == "adopt":
    from django.contrib.auth.models import Permission

    call_command("migrate", "contenttypes", fake=True, verbosity=0, interactive=False)
    call_command("migrate", "auth", fake=True, verbosity=0, interactive=False)
    call_command("migrate", verbosity=0, interactive=False)
    print(Permission.objects.count())
elif command == "check-password":
    print(User.objects.get(username=args[0]).check_password(args[1]))
elif command == "usable":
    print(User.objects.get(username=args[0]).has_usable_password())
elif command == "perms":
    print("\n".join(sorted(User.objects.get(username=args[0]).get_all_permissions())))
elif command == "has-perm":
    print(User.objects.get(username=args[0]).has_perm(args[1]))
elif command == "has-perms":
    import json

    # A fresh User object per user: has_perm caches the permissions it read on the instance.
    print(json.dumps({user.username: {perm: user.has_perm(perm) for perm in args} for user in User.objects.all()}))
elif command == "showmigrations":
    call_command("showmigrations", "auth", "contenttypes", verbosity=int(args[0]) if args else 1)
else:
    sys.exit(f"unknown command {command}")
