"""The site's test suite (a package: sub-folders' conftests get distinct module names)."""
