# expect: findings
# Apache started by Debian's own name for its control script: it binds port 80 and switches to
# www-data itself. Reported, not fixed.
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends apache2 && rm -rf /var/lib/apt/lists/*
CMD apache2ctl -D FOREGROUND
