# expect: findings
FROM alpine:3.21
RUN apk add --no-cache python3 && adduser -D worker
COPY --from=busybox:1.37 /bin/busybox /home/worker/bin/
CMD ["python3", "-m", "http.server"]
