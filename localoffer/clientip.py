from django.conf import settings


def client_ip(request):
    """The visitor's address, for login lockouts (django-axes) and rate limits (django-ratelimit).

    With no proxy in front it is REMOTE_ADDR. Behind TRUSTED_PROXY_COUNT = N reverse proxies, each appends
    the address it saw to X-Forwarded-For, so the client is the Nth entry from the right; anything further
    left came from the client and cannot be trusted. (django-ipware's proxy_count returns no address at all
    unless the header has exactly the expected shape, which would put every visitor in one bucket.)
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return forwarded[-count] if len(forwarded) >= count else remote
