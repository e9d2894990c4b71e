"""Publishing a build: PDFs, exports, the manifest, the build cache and the atomic write."""
