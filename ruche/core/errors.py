"""Domain errors raised by services, selectors and access gates.

Interfaces translate them: the API into JSON `{"detail": ...}` with the status below,
pages into the matching error page.
"""


class RucheError(Exception):
    status = 400
    default_detail = "Bad request."

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail or self.default_detail
        super().__init__(self.detail)


class NotFound(RucheError):
    """Missing, or hidden from this actor: both look the same so existence never leaks."""

    status = 404
    default_detail = "Not found."


class NotAuthenticated(RucheError):
    status = 401
    default_detail = "Authentication required."


class Forbidden(RucheError):
    """The actor may see the object but not do this to it."""

    status = 403
    default_detail = "You do not have permission to do this."


class Conflict(RucheError):
    status = 409
    default_detail = "Conflict with the current state."


class PreconditionFailed(RucheError):
    status = 412
    default_detail = "The object changed since you read it."

    def __init__(self, detail: str | None = None, current: object = None) -> None:
        super().__init__(detail)
        self.current = current


class TooLarge(RucheError):
    status = 413
    default_detail = "Payload too large."


class Invalid(RucheError):
    status = 422
    default_detail = "Invalid input."


class RateLimited(RucheError):
    status = 429
    default_detail = "Too many attempts. Try again later."

    def __init__(self, detail: str | None = None, retry_after: int = 60) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
