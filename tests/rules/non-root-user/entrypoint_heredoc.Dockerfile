# expect: findings
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends gosu \
 && rm -rf /var/lib/apt/lists/*
COPY --chmod=755 <<'EOF' /usr/local/bin/entrypoint.sh
#!/bin/sh
chown -R www-data /data
exec gosu www-data "$@"
EOF
ENTRYPOINT ["entrypoint.sh"]
CMD ["serve"]
