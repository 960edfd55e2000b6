# expect: findings
FROM debian:bookworm
CMD ["bash"]
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
