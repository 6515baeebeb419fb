from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ruche.accounts"
    label = "accounts"
