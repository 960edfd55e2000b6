# expect: findings
FROM debian:bookworm-slim
ARG APP_USER=svc
RUN useradd --system "$APP_USER"
CMD ["sleep", "infinity"]
