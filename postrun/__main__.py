from postrun.cli import app

app(prog_name="postrun")
