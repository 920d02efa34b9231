def canonical_url(request):
    """The page's own address without its query string: canonical link and Open Graph URL."""
    return {"canonical_url": request.build_absolute_uri(request.path)}
