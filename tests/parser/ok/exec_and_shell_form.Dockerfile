FROM alpine
CMD ["nginx", "-g", "daemon off;"]
ENTRYPOINT ["/bin/sh", \
  "-c"]
SHELL ["/bin/ash", "-o", "pipefail", "-c"]
RUN [ -f /etc/os-release ] && echo yes
CMD nginx -g "daemon off;"
