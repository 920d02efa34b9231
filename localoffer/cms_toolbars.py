from djangocms_versioning.cms_toolbars import VersioningToolbar, replace_toolbar


class PublishPermissionToolbar(VersioningToolbar):
    """Offer the Publish button only to people who may publish.

    djangocms-versioning 2.8.0 shows it to anyone in edit mode; the server then refuses an editor's publish,
    but an editor should not be offered a button that cannot work.
    """

    def _add_publish_button(self):
        version = self._get_version() if self._is_versioned() else None
        if version is not None and not version.check_publish.as_bool(self.request.user):
            return
        super()._add_publish_button()


replace_toolbar(VersioningToolbar, PublishPermissionToolbar)
