#!/bin/sh
php-fpm82 -D
exec nginx -g "daemon off;"
