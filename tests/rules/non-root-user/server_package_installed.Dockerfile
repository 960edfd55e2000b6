# expect: findings
# The stage installs nginx, which its command drives through another program: reported, not
# fixed.
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["certbot-compatibility-test", "-p", "nginx"]
