"""The two roles editors are given: "editor" keeps the records right (change, add, delete,
merge, history) but manages no users or groups; "reviewer" reads everything and can clear
the needs-review flag, nothing more."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITED = ["action", "partner", "partneralias", "theme", "actiontype", "country", "region", "expert", "deletedseedrecord"]
READ_ONLY = ["sourcedocument", "searchterm"]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    # (create_permissions skips an app without a models module, which a migration's stub lacks.)
    config = apps.get_app_config("actions")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="actions")

    editor, _ = Group.objects.get_or_create(name="editor")
    editor.permissions.set(
        ours.filter(content_type__model__in=EDITED)
        | ours.filter(content_type__model__in=READ_ONLY, codename__startswith="view_")
        | ours.filter(codename="review_action")
    )
    reviewer, _ = Group.objects.get_or_create(name="reviewer")
    reviewer.permissions.set(ours.filter(codename__startswith="view_") | ours.filter(codename="review_action"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["editor", "reviewer"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0011_review_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
