"""`play --listen`: spoken commands heard by the microphone, offline (pocketsphinx)."""
