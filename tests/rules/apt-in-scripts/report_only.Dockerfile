# expect: findings
FROM ubuntu:24.04
RUN apt-get update && apt upgrade -y && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt full-upgrade -y && rm -rf /var/lib/apt/lists/*
RUN apt list --installed && apt search curl && apt show curl && apt policy curl
RUN 'apt' clean
