# expect: findings
FROM nginx:1.27
CMD nginx -g 'daemon off;'
ENTRYPOINT exec /usr/local/bin/server --config "/etc/server config.yaml" --name=a\ b
CMD echo "a \"quoted\" word" 'single\quote' é \
    # a comment line inside the continuation
    --last
ONBUILD CMD ["already", "exec"]
ONBUILD ENTRYPOINT /entrypoint.sh
HEALTHCHECK --interval=30s cmd /usr/local/bin/healthcheck --quiet
