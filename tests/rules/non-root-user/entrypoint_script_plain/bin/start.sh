#!/bin/sh
# Serve the application; no user is switched here.
exec gunicorn --bind 0.0.0.0:8000 app:app
