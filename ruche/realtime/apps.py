from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "ruche.realtime"
    label = "realtime"

    def ready(self) -> None:
        from ruche.core.events import subscribe
        from ruche.realtime.access import forward_membership_change
        from ruche.spaces.services import MembershipChanged

        subscribe(MembershipChanged, forward_membership_change)
