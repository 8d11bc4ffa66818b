"""voicecoach: spoken workout coaching from YAML routines."""

__version__ = "0.1.0"
