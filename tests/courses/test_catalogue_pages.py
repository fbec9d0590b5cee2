"""Page tree rules of the catalogue (WagtailPageTestCase assertions)."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from courses.models import CourseIndexPage, CoursePage
from home.models import HomePage


class CatalogueTreeTests(WagtailPageTestCase):
    def test_catalogue_lives_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertCanNotCreateAt(Page, CourseIndexPage)
        self.assertCanNotCreateAt(CoursePage, CourseIndexPage)

    def test_catalogue_holds_only_courses(self):
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})

    def test_course_lives_only_in_the_catalogue_and_has_no_children(self):
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertAllowedSubpageTypes(CoursePage, set())

    def test_there_is_only_one_catalogue(self):
        home = HomePage.objects.get()
        self.assertCanCreateAt(HomePage, CourseIndexPage)
        home.add_child(instance=CourseIndexPage(title="Kurse", slug="kurse"))
        self.assertFalse(CourseIndexPage.can_create_at(home))

    def test_course_and_catalogue_render(self):
        home = HomePage.objects.get()
        catalogue = home.add_child(
            instance=CourseIndexPage(title="Kurse", slug="kurse")
        )
        course = catalogue.add_child(
            instance=CoursePage(
                title="Keynote",
                slug="keynote",
                teaser="Präsentieren",
                topic="ipad",
                learning_goals="<p>Folien</p>",
            )
        )
        self.assertPageIsRenderable(catalogue)
        self.assertPageIsRenderable(course)
        self.assertPageIsRoutable(course)
