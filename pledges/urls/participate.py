app_name = "participate"
urlpatterns: list = []
