"""Real inputs for a newsroom: news pages (HTML files and URLs) and RSS/Atom feeds, fetched politely.

The server stays text-in: everything here runs in the CLI and other clients, never behind the API.
"""
