from django.urls import path

from kobling.webhooks import views

urlpatterns = [
    path("", views.webhook_list, name="webhook_list"),
    path("new/", views.webhook_new, name="webhook_new"),
    path("<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("<int:pk>/edit/", views.webhook_edit, name="webhook_edit"),
    path("<int:pk>/rotate-secret/", views.webhook_rotate, name="webhook_rotate"),
    path("deliveries/<int:pk>/send-again/", views.webhook_resend, name="webhook_resend"),
]
