"""The web page: a chat that shows every answer's sources in their document (plain HTML/CSS/JS)."""
