"""``voicecoach serve``: the sessions as a podcast feed and a player page on the home
network. One module a job: ``address`` (where to listen), ``token`` (the secret path),
``episodes`` (exported files kept current), ``artwork`` and ``documents`` (what goes with
them), ``feed`` (RSS), ``web`` (the web app), ``terminal`` (what the person sees),
``static/`` (the page)."""
