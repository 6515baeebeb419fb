from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "ruche.spaces"
    label = "spaces"

    def ready(self) -> None:
        from ruche.accounts.selectors import register_personal_data
        from ruche.accounts.services import register_account_erasure
        from ruche.spaces.selectors import personal_data
        from ruche.spaces.services import account_erase

        register_personal_data("spaces", personal_data)
        register_account_erasure("spaces", account_erase)
